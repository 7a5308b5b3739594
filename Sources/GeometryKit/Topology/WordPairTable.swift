/// An open-addressing hash table from a pair of 64-bit words to an `Int32` id, for the millions of
/// vertex and segment lookups of building an edge graph, where Swift's `Dictionary` (seeded SipHash)
/// took most of the time. Key and id share a slot: one cache miss per lookup.
struct WordPairTable {
    private struct Slot {
        var key: (UInt64, UInt64)
        var id: Int32
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    private static let empty: Int32 = -1

    init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity *= 2 }
        slots = Array(repeating: Slot(key: (0, 0), id: Self.empty), count: capacity)
        mask = capacity - 1
    }

    /// The id stored for `key`; else stores `newID` under it and returns nil.
    mutating func id(for key: (UInt64, UInt64), insertingIfAbsent newID: Int32) -> Int32? {
        if (count + 1) * 2 > slots.count { grow() }
        var index = Self.slot(key, mask)
        while slots[index].id != Self.empty {
            if slots[index].key == key { return slots[index].id }
            index = (index + 1) & mask
        }
        slots[index] = Slot(key: key, id: newID)
        count += 1
        return nil
    }

    private static func slot(_ key: (UInt64, UInt64), _ mask: Int) -> Int {
        var h = key.0 &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ key.1) &* 0xC2B2_AE3D_27D4_EB4F
        return Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
    }

    private mutating func grow() {
        let filled = slots.filter { $0.id != Self.empty }
        self = WordPairTable(minimumCapacity: slots.count)
        for slot in filled { _ = id(for: slot.key, insertingIfAbsent: slot.id) }
    }
}
