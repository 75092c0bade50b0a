namespace PartyActors.Client;

/// <summary>
/// Reads a caller's stream for a request body, reporting the bytes read so far. It does not own
/// the inner stream: disposing the request (and with it this wrapper) leaves the caller's stream
/// open, so a retry can rewind it and the caller can still dispose it themselves.
/// </summary>
internal sealed class ProgressReadStream(Stream inner, IProgress<long>? progress) : Stream
{
    private long bytesRead;

    public override bool CanRead => true;

    // Seeking passes through so that StreamContent can compute a Content-Length for files.
    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Report(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Report(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Report(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Report(int read)
    {
        if (read > 0)
        {
            bytesRead += read;
            progress?.Report(bytesRead);
        }

        return read;
    }
}
