import Foundation

extension Array where Element: Sendable {
    /// `transform` of every element, in order, computed in contiguous parts on every core at once
    /// (one part per core). `transform` takes a whole part, so that it can make what it must not
    /// share between threads (a `WireEncoder`) once per part.
    func concurrentMap<T: Sendable>(parts: Int = ProcessInfo.processInfo.activeProcessorCount, _ transform: @Sendable (ArraySlice<Element>) -> [T]) -> [T] {
        let parts = Swift.min(parts, count / 64)  // small inputs are not worth a thread
        guard parts > 1 else { return transform(self[...]) }
        let results = UnsafeMutableBufferPointer<[T]>.allocate(capacity: parts)
        results.initialize(repeating: [])
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let output = results  // each part writes its own slot
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            output[part] = transform(self[count * part / parts..<count * (part + 1) / parts])
        }
        return Array<[T]>(results).flatMap { $0 }
    }
}
