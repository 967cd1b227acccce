namespace OAuthGuard.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/OAuthGuard.Bench -- <benchmark> ({args.Length} arguments given)");
        return 2;
    }
}
