using System.Net;
using Crisis.Core.Accounts;
using Crisis.Core.Storage;

namespace Crisis.Web.Tests.Pages;

/// <summary>
/// Signing out while the database cannot store anything (the disk full, the file read-only): this browser's cookie is
/// deleted all the same and, when the account's other sessions could not be ended, the page says the other devices
/// are still signed in, instead of a 503 that leaves the cookie working. A server of its own, since the storage
/// fails for all of it. A full disk that still lets the security stamp be rewritten in place ends every session.
/// </summary>
public sealed class SignOutStorageFailureTests : IAsyncLifetime
{
    private readonly CrisisServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task With_storage_failing_sign_out_still_deletes_this_browsers_cookie_and_says_whether_other_devices_stay_signed_in(bool diskFull, bool readOnly)
    {
        var database = _server.Services.GetRequiredService<Database>();
        using var browser = await Browser.SignedInAs(_server, Roles.Commander);
        using var copied = browser.WithCopiedCookies();
        var token = await browser.FormToken("/");

        database.Limits = new StorageLimits(DiskFull: diskFull, ReadOnly: readOnly);
        try
        {
            using var signedOut = await browser.PostWithToken(token, "/signout", []);
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            var location = signedOut.Headers.Location!.OriginalString;
            Assert.StartsWith("/signin", location);
            var othersKept = location.Contains("otherSessionsKept=True", StringComparison.OrdinalIgnoreCase);
            if (readOnly) Assert.True(othersKept, location);
            Assert.Equal(othersKept, (await browser.Html(location)).Contains("your other devices could not be signed out"));

            using var afterwards = await browser.Get("/incidents/open");
            Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
            Assert.Contains("/signin", afterwards.Headers.Location!.OriginalString);
            // When the stamp could not change a copy of the cookie still works, as the page warns; otherwise it is refused.
            using var copy = await copied.Get("/incidents/open");
            Assert.Equal(othersKept ? HttpStatusCode.OK : HttpStatusCode.Redirect, copy.StatusCode);
        }
        finally
        {
            database.Limits = StorageLimits.None;
        }
    }
}
