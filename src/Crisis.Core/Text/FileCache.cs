using System.Collections.Concurrent;

namespace Crisis.Core.Text;

/// <summary>Parses the Markdown files of a folder, each again only when it changes, so edits are live without a restart.</summary>
internal sealed class FileCache<T>(Func<string, T> parse)
{
    private readonly ConcurrentDictionary<string, (DateTime Written, long Length, T Result)> _cache = new();

    public IReadOnlyList<T> Read(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var files = Directory.GetFiles(folder, "*.md").Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        foreach (var stale in _cache.Keys.Except(files)) _cache.TryRemove(stale, out _);
        return files.Select(ReadFile).ToList();
    }

    private T ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (_cache.TryGetValue(path, out var cached) && cached.Written == info.LastWriteTimeUtc && cached.Length == info.Length)
        {
            return cached.Result;
        }
        var result = parse(path);
        _cache[path] = (info.LastWriteTimeUtc, info.Length, result);
        return result;
    }
}
