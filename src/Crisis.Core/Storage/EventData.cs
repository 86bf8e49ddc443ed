using System.Text.Json;

namespace Crisis.Core.Storage;

/// <summary>The JSON data of a feature's history entry (a case's, a risk's), as a reader gets it.</summary>
public static class EventData
{
    /// <summary>History written by an older or damaged version still reads: what cannot be parsed reads as nothing.</summary>
    public static IReadOnlyDictionary<string, object?> Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)?.ToDictionary(pair => pair.Key, pair => (object?)pair.Value)
                ?? new Dictionary<string, object?>();
        }
        catch (JsonException)
        {
            return new Dictionary<string, object?>();
        }
    }
}
