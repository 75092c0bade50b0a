using System.Net;
using System.Net.Sockets;

namespace PartyActors.Storage.Postgres.Tests;

/// <summary>
/// A TCP proxy in front of a server on this machine that can stall: while <see cref="Stalling"/>,
/// a new connection is accepted and then never answered, as a server too slow to answer (or a
/// client too starved to read its answer) looks to the client: a connect timeout, not a refusal.
/// Otherwise it relays both ways.
/// </summary>
internal sealed class StallingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    public StallingProxy(int serverPort)
    {
        _serverPort = serverPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Whether connections accepted from now on are held without an answer.</summary>
    public volatile bool Stalling;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_clients)
            {
                _clients.Add(client);
            }

            if (!Stalling)
            {
                _ = RelayAsync(client);
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        try
        {
            using var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the server went away: so does the relay.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_clients)
        {
            _clients.ForEach(client => client.Dispose());
        }

        _stop.Dispose();
    }
}
