namespace Crisis.Core.Storage;

/// <summary>
/// Where SQLite will find the database a connection string's Data Source names. Microsoft.Data.Sqlite opens a Data
/// Source starting with <c>file:</c> as a URI (<c>file:/srv/crisis.db?cache=shared</c>, <c>file:///srv/crisis.db</c>,
/// <c>file:data/crisis.db</c>), so a path taken from it as it is would name a folder called "file:".
/// </summary>
public static class DatabaseFilePath
{
    private const string UriScheme = "file:";

    /// <summary>The full path, with the URI's scheme, authority and query removed and symlinks followed.</summary>
    public static string Of(string dataSource) => RealPath(Path.GetFullPath(PathIn(dataSource)));

    private static string PathIn(string dataSource)
    {
        if (!dataSource.StartsWith(UriScheme, StringComparison.OrdinalIgnoreCase)) return dataSource;
        var path = dataSource[UriScheme.Length..];
        var end = path.IndexOfAny(['?', '#']);
        if (end >= 0) path = path[..end];
        // file://host/path: SQLite accepts only an empty authority or "localhost".
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = path.IndexOf('/', 2);
            path = slash < 0 ? "" : path[slash..];
        }
        return Uri.UnescapeDataString(path);
    }

    /// <summary>Follows symlinks in every part of the path, as realpath(3) does; parts that do not exist yet stay as they are.</summary>
    private static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        var real = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            var link = Directory.Exists(next) ? new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true)
                : File.Exists(next) ? new FileInfo(next).ResolveLinkTarget(returnFinalTarget: true)
                : null;
            real = link is null ? next : RealPath(Path.GetFullPath(link.FullName));
        }
        return real;
    }
}
