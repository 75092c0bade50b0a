namespace PartyActors.Client.Tests;

/// <summary>
/// Returns its bytes in exactly the given chunks, one chunk (or less) per read, the way a
/// network stream hands over what has arrived; lets a test put a boundary anywhere.
/// </summary>
internal sealed class ChunkedReadStream(IEnumerable<byte[]> chunks) : Stream
{
    private readonly Queue<byte[]> pending = new(chunks);
    private byte[] current = [];
    private int offset;

    public static ChunkedReadStream Split(byte[] bytes, params int[] cuts)
    {
        var chunks = new List<byte[]>();
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            chunks.Add(bytes[start..cut]);
            start = cut;
        }

        return new ChunkedReadStream(chunks);
    }

    public static ChunkedReadStream BytewiseOf(byte[] bytes) => new(bytes.Select(b => new[] { b }));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (offset == current.Length)
        {
            if (!pending.TryDequeue(out var next))
            {
                return 0;
            }

            current = next;
            offset = 0;
        }

        var count = Math.Min(buffer.Length, current.Length - offset);
        current.AsSpan(offset, count).CopyTo(buffer);
        offset += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
