using System.Globalization;
using System.Text.Json;
using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// Writes a removed log suffix to <c>&lt;export directory&gt;/epoch-&lt;E&gt;-&lt;reason&gt;-&lt;UTC time&gt;-from-&lt;index&gt;.jsonl</c>:
/// a header line (<c>server</c>, <c>reason</c>, <c>newEpoch</c>, <c>fromIndex</c>, <c>count</c>, <c>writtenAt</c>), then one
/// line per entry (<c>index</c>, <c>epoch</c>, <c>term</c>, <c>kind</c> and the payload's fields, message bytes in base64).
/// The file is flushed to disk before <see cref="Write"/> returns: nothing leaves a log silently.
/// </summary>
internal sealed class ExportWriter(string directory, string server)
{
    public string Write(ExportSuffix export)
    {
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        var first = export.Entries.Count > 0 ? export.Entries[0].Index : 0;
        var name = string.Create(CultureInfo.InvariantCulture, $"epoch-{export.NewEpoch}-{export.Reason.ToString().ToLowerInvariant()}-{now:yyyyMMdd'T'HHmmssfff'Z'}-from-{first}.jsonl");
        var path = Path.Combine(directory, name);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            WriteLine(stream, w =>
            {
                w.WriteString("server", server);
                w.WriteString("reason", export.Reason.ToString());
                w.WriteNumber("newEpoch", export.NewEpoch);
                w.WriteNumber("fromIndex", first);
                w.WriteNumber("count", export.Entries.Count);
                w.WriteString("writtenAt", now);
            });
            foreach (var entry in export.Entries)
            {
                WriteLine(stream, w => Entry(w, entry));
            }

            stream.Flush(flushToDisk: true);
        }

        return path;
    }

    private static void WriteLine(Stream stream, Action<Utf8JsonWriter> body)
    {
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void Entry(Utf8JsonWriter w, LogEntry entry)
    {
        w.WriteNumber("index", entry.Index);
        w.WriteNumber("epoch", entry.Epoch);
        w.WriteNumber("term", entry.Term);
        switch (entry.Payload)
        {
            case Publish p:
                w.WriteString("kind", "publish");
                w.WriteString("channel", p.Channel);
                w.WriteString("producerId", p.ProducerId);
                w.WriteNumber("producerSeq", p.ProducerSeq);
                w.WriteBase64String("data", p.Data.Span);
                break;
            case SubscriptionPosition s:
                w.WriteString("kind", "position");
                w.WriteString("channel", s.Channel);
                w.WriteString("subscription", s.Subscription);
                w.WriteNumber("offset", s.Offset);
                break;
            case EpochStart s:
                w.WriteString("kind", "epoch-start");
                w.WriteNumber("startsEpoch", s.Epoch);
                w.WriteString("primarySet", s.PrimarySet);
                break;
            case Handover h:
                w.WriteString("kind", "handover");
                w.WriteNumber("newEpoch", h.NewEpoch);
                w.WriteString("toSet", h.ToSet);
                break;
            default:
                w.WriteString("kind", "noop");
                break;
        }
    }
}
