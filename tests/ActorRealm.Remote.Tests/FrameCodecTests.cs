using System.Buffers;
using System.Text;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Tests;

public sealed class FrameCodecTests
{
    [Fact]
    public void Round_trips_frames_split_across_segments()
    {
        var writer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 3; i++)
        {
            FrameCodec.Write(writer, Frames.Envelope("realm://test@h:1/user/a", i));
        }

        var buffer = Segmented(writer.WrittenMemory.ToArray(), segmentSize: 7);
        var sequences = new List<long>();
        while (FrameCodec.TryRead(ref buffer, 1024, out var payload, out _) == FrameReadStatus.Complete)
        {
            sequences.Add(Frames.Sequence(Frame.Parser.ParseFrom(payload).Envelope));
        }

        Assert.Equal([0L, 1L, 2L], sequences);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Reports_incomplete_until_the_whole_frame_is_there()
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(writer, new byte[100]);
        var bytes = writer.WrittenMemory.ToArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(FrameReadStatus.Incomplete, FrameCodec.TryRead(ref partial, 1024, out _, out _));
        }
    }

    [Fact]
    public void Refuses_a_length_prefix_over_the_limit_without_waiting_for_the_body()
    {
        var buffer = new ReadOnlySequence<byte>([0x7F, 0xFF, 0xFF, 0xFF]);
        Assert.Equal(FrameReadStatus.TooLarge, FrameCodec.TryRead(ref buffer, 4 * 1024 * 1024, out _, out var declared));
        Assert.Equal(0x7FFFFFFF, declared);
    }

    [Fact]
    public void Refuses_an_empty_frame()
    {
        var buffer = new ReadOnlySequence<byte>([0, 0, 0, 0]);
        Assert.Equal(FrameReadStatus.Empty, FrameCodec.TryRead(ref buffer, 1024, out _, out _));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n", "HTTP")]
    [InlineData("POST /x HTTP/1.1\r\n", "HTTP")]
    [InlineData("PRI * HTTP/2.0\r\n", "HTTP")]
    public void Recognises_http_requests(string text, string expected) =>
        Assert.Contains(expected, FrameCodec.RecogniseForeignProtocol(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text))), StringComparison.Ordinal);

    [Fact]
    public void Recognises_a_tls_client_hello_and_ignores_other_bytes()
    {
        Assert.Contains("TLS", FrameCodec.RecogniseForeignProtocol(new ReadOnlySequence<byte>([0x16, 0x03, 0x01, 0x02, 0x00])), StringComparison.Ordinal);
        Assert.Null(FrameCodec.RecogniseForeignProtocol(new ReadOnlySequence<byte>([0x00, 0x00, 0x10, 0x00])));
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentSize)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentSize)
        {
            var chunk = bytes.AsMemory(offset, Math.Min(segmentSize, bytes.Length - offset));
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
