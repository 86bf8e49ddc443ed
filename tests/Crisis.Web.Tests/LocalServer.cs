namespace Crisis.Web.Tests;

/// <summary>For tests that start a real server process on the loopback interface.</summary>
public static class LocalServer
{
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="path"/> until it answers with success; a refused connection means still starting.</summary>
    public static async Task WaitUntilAnswering(HttpClient http, string path, TimeSpan limit, TimeSpan interval, string what)
    {
        for (var deadline = DateTime.UtcNow + limit; DateTime.UtcNow < deadline; await Task.Delay(interval))
        {
            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }
        throw new TimeoutException($"{what} did not answer {path} within {limit.TotalSeconds:0} seconds");
    }
}
