namespace OAuthGuard.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "scan": return ScanBenchmark.Run(args[1..]);
            case "engine": return EngineBenchmark.Run(args[1..]);
            default:
                Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/OAuthGuard.Bench -- <benchmark> ({args.Length} arguments given)");
                return 2;
        }
    }
}
