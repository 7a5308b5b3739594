/// Hands the records of a row pipeline to a sink a batch at a time, so that the pipeline keeps one batch.
enum RecordBatches {
    /// Runs `produce`, which emits records one by one; `sink` receives them `size` at a time, the rest at the end.
    static func run<Record, Result>(size: Int, sink: ([Record]) throws -> Void,
                                    _ produce: (_ emit: (Record) throws -> Void) throws -> Result) throws -> Result {
        var batch: [Record] = []
        batch.reserveCapacity(size)
        // `emit` lives only while `produce` runs, and so does this view of `sink`.
        return try withoutActuallyEscaping(sink) { sink in
            let result = try produce { record in
                batch.append(record)
                if batch.count >= size {
                    try sink(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try sink(batch) }
            return result
        }
    }
}
