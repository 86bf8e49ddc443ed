namespace Crisis.Bench;

internal static class Statistics
{
    /// <summary>The middle value, or the mean of the two middle ones when there is an even number of values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
