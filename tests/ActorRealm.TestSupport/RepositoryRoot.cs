namespace ActorRealm.TestSupport;

/// <summary>Locates the repository root (the folder holding <c>ActorRealm.sln</c>) from a test's output folder.</summary>
public static class RepositoryRoot
{
    /// <summary>Returns the repository root, or throws when the tests run outside a checkout.</summary>
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActorRealm.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException($"No ActorRealm.sln above {AppContext.BaseDirectory}.");
    }
}
