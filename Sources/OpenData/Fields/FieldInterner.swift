/// The Strings of one column whose values repeat (the labels of an RPPS extract: a few dozen professions and
/// modes over 2.3 M rows): a value already met is handed back without being decoded and allocated again.
///
/// ```swift
/// var labels = FieldInterner()
/// let label = labels.string(row, 3)   // == row[3]
/// ```
struct FieldInterner {
    private var entries: [(bytes: [UInt8], string: String)] = []
    private var next = 0
    /// Enough for the distinct labels of one column, few enough to compare them all.
    private let capacity = 32

    /// `row[index]`, from the entries when its bytes were met before.
    mutating func string(_ row: DelimitedRow, _ index: Int) -> String {
        guard index < row.fieldCount else { return "" }
        let found = row.withField(index) { field in
            entries.firstIndex { $0.bytes.count == field.count && $0.bytes.withUnsafeBufferPointer { $0.elementsEqual(field) } }
        }
        if let found { return entries[found].string }
        let string = row[index]
        let entry = (row.withField(index) { Array($0) }, string)
        // Beyond the capacity, the oldest entry goes: a column of many distinct values gains nothing but costs little.
        if entries.count < capacity { entries.append(entry) } else { entries[next] = entry; next = (next + 1) % capacity }
        return string
    }
}
