using System.Buffers;
using Google.Protobuf;

namespace ActorRealm.Remote.Wire;

/// <summary>Parsing of received frames, which come from peers that may be hostile.</summary>
internal static class WireFrames
{
    /// <summary>The protocol version this build speaks.</summary>
    public const uint ProtocolVersion = (uint)Wire.ProtocolVersion.Current;

    /// <summary>Parses one frame body; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static Frame? TryParse(ReadOnlySequence<byte> payload, out string? error)
    {
        try
        {
            var frame = Frame.Parser.ParseFrom(payload);
            error = frame.BodyCase == Frame.BodyOneofCase.None ? "a frame with no known body" : null;
            return error is null ? frame : null;
        }
        catch (InvalidProtocolBufferException e)
        {
            error = $"a malformed frame ({e.Message})";
            return null;
        }
    }

    /// <summary>Parses one frame body from an array (the in-memory transport).</summary>
    public static Frame? TryParse(byte[] payload, out string? error) => TryParse(new ReadOnlySequence<byte>(payload), out error);
}
