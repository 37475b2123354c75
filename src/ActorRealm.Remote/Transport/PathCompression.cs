using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Transport;

/// <summary>
/// The per-connection path tables of the envelope format: the sender names each path once with a
/// reference number and then sends only the number; the receiver expands numbers back to paths (the same
/// string instance each time, so nothing is decoded or allocated for repeated paths).
/// </summary>
internal static class PathCompression
{
    /// <summary>References per direction of a connection; paths beyond are sent in full.</summary>
    public const int Limit = 1024;

    /// <summary>The sending side of one connection. Not thread-safe: one writer per connection.</summary>
    public sealed class Outbound
    {
        private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);
        private (string? Path, uint Id) _lastRecipient;
        private (string? Path, uint Id) _lastSender;

        /// <summary>Replaces known paths of <paramref name="frame"/>'s envelope by references and defines new ones.</summary>
        public void Compress(Frame frame)
        {
            if (frame.BodyCase != Frame.BodyOneofCase.Envelope)
            {
                return;
            }

            var envelope = frame.Envelope;
            envelope.RecipientRef = Reference(envelope.Recipient, ref _lastRecipient, out var known);
            if (known)
            {
                envelope.Recipient = string.Empty;
            }

            if (envelope.Sender.Length > 0)
            {
                envelope.SenderRef = Reference(envelope.Sender, ref _lastSender, out known);
                if (known)
                {
                    envelope.Sender = string.Empty;
                }
            }
        }

        /// <summary>Senders reuse one string per path, so the last path is usually the very same instance.</summary>
        private uint Reference(string path, ref (string? Path, uint Id) last, out bool known)
        {
            if (ReferenceEquals(path, last.Path))
            {
                known = true;
                return last.Id;
            }

            known = _ids.TryGetValue(path, out var id);
            if (known)
            {
                last = (path, id);
            }

            if (known || _ids.Count >= Limit)
            {
                return id;
            }

            id = (uint)_ids.Count + 1;
            _ids[path] = id;
            return id;
        }
    }

    /// <summary>The receiving side of one connection. Not thread-safe: one reader per connection.</summary>
    public sealed class Inbound
    {
        private readonly string?[] _paths = new string?[Limit + 1];

        /// <summary>Expands references in <paramref name="frame"/>'s envelope; null on success, else what is wrong.</summary>
        public string? Expand(Frame frame)
        {
            if (frame.BodyCase != Frame.BodyOneofCase.Envelope)
            {
                return null;
            }

            var envelope = frame.Envelope;
            var recipient = Resolve(envelope.Recipient, envelope.RecipientRef);
            var sender = Resolve(envelope.Sender, envelope.SenderRef);
            if (recipient is null || sender is null)
            {
                return "an envelope with an undefined path reference";
            }

            envelope.Recipient = recipient;
            envelope.Sender = sender;
            return null;
        }

        private string? Resolve(string path, uint reference)
        {
            if (reference == 0)
            {
                return path;
            }

            if (reference > Limit)
            {
                return null;
            }

            if (path.Length > 0)
            {
                _paths[reference] = path;
                return path;
            }

            return _paths[reference];
        }
    }
}
