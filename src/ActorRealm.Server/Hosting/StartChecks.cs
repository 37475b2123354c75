using System.Net;
using System.Net.Sockets;
using ActorRealm.Persistence;

namespace ActorRealm.Server;

/// <summary>The start checks every node process makes (realm servers and persistence servers): its port, its data directory, its store.</summary>
internal static class StartChecks
{
    /// <summary>Checks (and creates or migrates) the store before any actor system uses it.</summary>
    /// <exception cref="NodeStartupException">The store cannot be opened.</exception>
    public static async Task<PersistenceStartupReport> CheckStoreAsync(PersistenceSettings persistence, string dataDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return await PersistenceStartup.CheckAsync(persistence, dataDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (PersistenceStartupException e)
        {
            throw new NodeStartupException($"The persistence store cannot be opened: {e.Message}", e);
        }
    }

    /// <summary>Why <paramref name="port"/> on <paramref name="host"/> cannot be listened on, or null when it can.</summary>
    public static string? PortInUse(string host, int port)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? [ip] : Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            return $"the host cannot be resolved ({e.Message})";
        }

        foreach (var address in addresses)
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use" : e.Message;
            }
        }

        return null;
    }

    /// <summary>Creates the data directory and checks that it can be written.</summary>
    /// <exception cref="NodeStartupException">It cannot.</exception>
    public static void CreateDataDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            // Created is not enough: the journal and the exports must be writable there.
            var probe = Path.Combine(path, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeStartupException($"actorrealm.node.data-dir '{path}' cannot be created or written: {e.Message}", e);
        }
    }
}
