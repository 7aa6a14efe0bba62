import Foundation

/// The objects of a stream, read ahead by a thread of their own: ``next(upTo:)`` waits for at
/// least one and takes every one read since, so that a consumer can batch whatever is ready
/// without waiting for more. A framing error ends the stream after the objects before it.
final class DocumentQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Result<JSONDocumentReader.Document, JSONDocumentReader.FramingError>] = []
    private var finished = false

    /// The reader, handed over to the thread, which alone uses it from then on.
    private final class Handover: @unchecked Sendable {
        var reader: JSONDocumentReader
        init(_ reader: JSONDocumentReader) { self.reader = reader }
    }

    init(reader: JSONDocumentReader) {
        let handover = Handover(reader)
        let thread = Thread { [self] in
            while true {
                let item: Result<JSONDocumentReader.Document, JSONDocumentReader.FramingError>?
                do throws(JSONDocumentReader.FramingError) {
                    item = try handover.reader.next().map { .success($0) }
                } catch {
                    item = .failure(error)
                }
                condition.lock()
                if let item { items.append(item) }
                switch item {
                case nil, .failure?: finished = true
                case .success?: break
                }
                condition.signal()
                condition.unlock()
                if finished { return }
            }
        }
        thread.start()
    }

    /// At least one object (at most `limit`), or nil once the stream is over.
    func next(upTo limit: Int) -> [Result<JSONDocumentReader.Document, JSONDocumentReader.FramingError>]? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        guard !items.isEmpty else { return nil }
        let taken = Array(items.prefix(limit))
        items.removeFirst(taken.count)
        return taken
    }
}
