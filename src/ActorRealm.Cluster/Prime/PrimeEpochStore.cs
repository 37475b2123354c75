using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorRealm.Cluster.Prime;

/// <summary>
/// Keeps the accepted prime state durably in <c>prime-epoch.json</c> under the node's data
/// directory: written to a temporary file, flushed to disk, renamed over the old file atomically,
/// then the directory is flushed, so after a crash the file holds either the old or the new
/// state, never a torn one. A leftover temporary file is ignored. The store only moves forward:
/// a state that does not order after the stored one is not written.
/// </summary>
public sealed class PrimeEpochStore
{
    /// <summary>The file name under the data directory.</summary>
    public const string FileName = "prime-epoch.json";

    private const int Format = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Creates a store in <paramref name="dataDirectory"/> (created on first save).</summary>
    public PrimeEpochStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Directory = Path.GetFullPath(dataDirectory);
        FilePath = Path.Combine(Directory, FileName);
        TempPath = FilePath + ".tmp";
    }

    /// <summary>The data directory.</summary>
    public string Directory { get; }

    /// <summary>The full path of the file.</summary>
    public string FilePath { get; }

    internal string TempPath { get; }

    /// <summary>Loads the stored state, or null when none was ever stored.</summary>
    /// <exception cref="InvalidDataException">The file is corrupt; the message names it.</exception>
    public PrimeState? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        StoredPrime? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredPrime>(File.ReadAllBytes(FilePath), Json);
        }
        catch (JsonException e)
        {
            throw Corrupt(e.Message, e);
        }

        return stored switch
        {
            null => throw Corrupt("it holds no state", null),
            { Format: not Format } => throw Corrupt($"format {stored.Format} is not the supported format {Format}", null),
            { Site: "" } => throw Corrupt("the prime site is empty", null),
            { Epoch: < 0 } => throw Corrupt($"the epoch {stored.Epoch} is negative", null),
            _ => new PrimeState(stored.Site, stored.Epoch, stored.SwitchedBy, stored.SwitchedAt, stored.SwitchId),
        };
    }

    /// <summary>
    /// Stores <paramref name="state"/> durably when it orders after the stored state (or nothing is
    /// stored). Returns whether it was written.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored file is corrupt.</exception>
    public bool Save(PrimeState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stored = Load();
        if (stored is not null && state.CompareTo(stored) <= 0)
        {
            return false;
        }

        WriteTemp(state);
        Commit();
        return true;
    }

    /// <summary>First step of a save: writes and flushes the temporary file.</summary>
    internal void WriteTemp(PrimeState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stored = new StoredPrime(Format, state.Site, state.Epoch, state.SwitchedBy, state.SwitchedAt, state.SwitchId);
        using var file = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None);
        JsonSerializer.Serialize(file, stored, Json);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Second step of a save: renames the temporary file over the file and flushes the directory.</summary>
    internal void Commit()
    {
        File.Move(TempPath, FilePath, overwrite: true);
        DirectorySync.Flush(Directory);
    }

    /// <summary>The file recording when this node last served (<see cref="SaveServing"/>).</summary>
    public string ServingPath => Path.Combine(Directory, ServingFileName);

    /// <summary>The serving record's file name under the data directory.</summary>
    public const string ServingFileName = "last-served.json";

    /// <summary>When this node last served, or null when never recorded or unreadable (then a superseded prime warns, as without a record).</summary>
    public ServingRecord? LoadServing()
    {
        try
        {
            return File.Exists(ServingPath) ? JsonSerializer.Deserialize<ServingRecord>(File.ReadAllBytes(ServingPath), Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records when this node last served, atomically and durably like the prime state: a record
    /// lost to a crash would make a node that served through a switch look as if it had been down.
    /// </summary>
    public void SaveServing(ServingRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        System.IO.Directory.CreateDirectory(Directory);
        var temp = ServingPath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, record, Json);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, ServingPath, overwrite: true);
        DirectorySync.Flush(Directory);
    }

    private InvalidDataException Corrupt(string why, Exception? inner) =>
        new($"The prime epoch file '{FilePath}' is corrupt: {why}. Restore it from a node that followed the same prime epoch " +
            "(copy its prime-epoch.json), or delete it only if this node may safely start from the configured prime site (epoch 0).", inner);

    private sealed record StoredPrime(int Format, string Site, long Epoch, string SwitchedBy, DateTimeOffset SwitchedAt, Guid SwitchId);
}
