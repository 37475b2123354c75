namespace ActorRealm.Cluster.Tests.Remote;

/// <summary>The repository's files, found by walking up from the test assembly to <c>ActorRealm.sln</c>.</summary>
internal static class ReferenceFiles
{
    /// <summary>The transport's commented defaults, as the module's <c>reference.conf</c> embeds them.</summary>
    public static string RemoteReference => File.ReadAllText(Path.Combine(Root(), "src", "ActorRealm.Cluster", "reference.conf"));

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorRealm.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ActorRealm.sln above {AppContext.BaseDirectory}.");
    }
}
