using Crisis.Web.Cli;

return await CrisisCli.RunAsync(args, Console.In, Console.Out, Console.Error);
