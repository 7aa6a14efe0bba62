public import ArgumentParser
import Logging

/// `--verbose` / `--log-level`, shared by every command. Logs go to standard error.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print costs and progress details on standard error.")
    var verbose = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    func makeLogger(label: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel ?? (verbose ? .info : .warning)
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
