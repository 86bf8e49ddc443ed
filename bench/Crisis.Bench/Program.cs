using BenchmarkDotNet.Running;
using Crisis.Bench;

// dotnet run -c Release --project bench/Crisis.Bench -- load [clients] [ticks-per-client] [rounds]
// dotnet run -c Release --project bench/Crisis.Bench -- start [runs]
// dotnet run -c Release --project bench/Crisis.Bench -- pages [open-incidents] [stored-cases] [requests]
// dotnet run -c Release --project bench/Crisis.Bench -- pdf [runs]
// dotnet run -c Release --project bench/Crisis.Bench -- live [watchers] [tickers] [ticks-each]
// dotnet run -c Release --project bench/Crisis.Bench -- parse [runs]
// dotnet run -c Release --project bench/Crisis.Bench -- cases-import [rows]
// dotnet run -c Release --project bench/Crisis.Bench -- signals [stored-cases] [batch-size] [runs]
// dotnet run -c Release --project bench/Crisis.Bench -- insights [incidents] [events-per-incident] [runs]
// dotnet run -c Release --project bench/Crisis.Bench -- [BenchmarkDotNet arguments, e.g. --filter '*']
if (args is ["load", ..])
{
    var clients = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
    var ticks = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
    var rounds = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5;
    return await TickLoad.Run(clients, ticks, rounds);
}
if (args is ["start", ..])
    return await StartBench.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
if (args is ["pages", ..])
{
    int Argument(int index, int otherwise) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
    return await PagesBench.Run(Argument(1, 500), Argument(2, 1_000_000), Argument(3, 50));
}
if (args is ["pdf", ..])
    return await PdfBench.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
if (args is ["live", ..])
{
    int Argument(int index, int otherwise) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
    return await LiveBench.Run(Argument(1, 200), Argument(2, 10), Argument(3, 3));
}
if (args is ["parse", ..])
    return LargeParseBench.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
if (args is ["cases-import", ..])
    return CaseImportBench.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
if (args is ["signals", ..])
{
    int Argument(int index, int otherwise) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
    return SignalBench.Run(Argument(1, 1_000_000), Argument(2, 1_000), Argument(3, 5));
}
if (args is ["insights", ..])
{
    int Argument(int index, int otherwise) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : otherwise;
    return InsightsBench.Run(Argument(1, 1_000), Argument(2, 200), Argument(3, 5));
}
BenchmarkSwitcher.FromAssembly(typeof(ParseBenchmarks).Assembly).Run(args);
return 0;
