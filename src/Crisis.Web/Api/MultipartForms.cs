namespace Crisis.Web.Api;

/// <summary>An upload's multipart form, read by the endpoint itself rather than bound, so a body that is no readable form is refused saying what to send.</summary>
public static class MultipartForms
{
    /// <param name="whatToSend">The refusal for a body that is not a readable multipart form: the fields the endpoint takes.</param>
    public static async Task<IFormCollection> ReadAsync(HttpRequest request, string whatToSend)
    {
        try
        {
            return await request.ReadFormAsync();
        }
        // A body over the server's request limit is Kestrel's 413, answered by the exception handler as it means it.
        catch (Exception exception) when (exception is IOException or InvalidDataException or InvalidOperationException && exception is not BadHttpRequestException)
        {
            throw new BadRequestException(whatToSend);
        }
    }
}
