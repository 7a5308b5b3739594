extension MatchingGraph {
    /// Stage 1: class by class, Hopcroft–Karp phases (BFS layers from the free patients of the class,
    /// then vertex-disjoint augmenting paths by DFS) until no augmenting path is left. Augmenting never
    /// unplaces a patient, and a patient without augmenting path never gets one later, so after class
    /// k the placed patients of classes ≤ k are a largest placeable set of those classes.
    func largestPlacementByClass() -> [Int32] {
        let rows = self.rows
        let n = patientCount
        var slotStart = [Int](repeating: 0, count: gpCount + 1)
        for g in 0..<gpCount { slotStart[g + 1] = slotStart[g] + capacity[g] }
        var occupant = [Int32](repeating: -1, count: slotStart[gpCount])   // the first load[g] slots of g are used
        var load = [Int](repeating: 0, count: gpCount)
        var gpOf = [Int32](repeating: -1, count: n)
        var layer = [Int32](repeating: -1, count: n)
        var seenInPhase = [Int](repeating: -1, count: gpCount)
        var nextArc = [Int](repeating: 0, count: n)
        var nextSlot = [Int](repeating: 0, count: n)
        var reachedThrough = [Int](repeating: -1, count: n)   // the slot a DFS node occupies now
        var queue: [Int32] = [], stack: [Int32] = []
        var phase = 0

        /// DFS along the layers from a free root; on success every node of the path moves one step.
        func augment(_ root: Int) -> Bool {
            stack.removeAll(keepingCapacity: true)
            stack.append(Int32(root)); nextArc[root] = rows.entries(of: root).lowerBound; nextSlot[root] = 0
            while let top = stack.last {
                let p = Int(top)
                var descended = false
                while nextArc[p] < rows.entries(of: p).upperBound {
                    let g = Int(rows.gp[nextArc[p]])
                    if load[g] < capacity[g] {
                        var slot = slotStart[g] + load[g]
                        load[g] += 1
                        for x in stack.reversed() {
                            let x = Int(x), vacated = reachedThrough[x]
                            occupant[slot] = Int32(x)
                            gpOf[x] = rows.gp[nextArc[x]]
                            reachedThrough[x] = slot
                            layer[x] = -1   // used: paths of a phase are vertex-disjoint
                            slot = vacated
                        }
                        return true
                    }
                    if nextSlot[p] < load[g] {
                        let slot = slotStart[g] + nextSlot[p]
                        nextSlot[p] += 1
                        let q = Int(occupant[slot])
                        if layer[q] == layer[p] + 1 {
                            reachedThrough[q] = slot; nextArc[q] = rows.entries(of: q).lowerBound; nextSlot[q] = 0
                            stack.append(Int32(q))
                            descended = true
                            break
                        }
                        continue
                    }
                    nextArc[p] += 1
                    nextSlot[p] = 0
                }
                if !descended {
                    layer[p] = -1   // dead end for the rest of the phase
                    stack.removeLast()
                }
            }
            return false
        }

        for k in 0..<BatchMatcher.priorityClasses {
            let roots = (0..<n).filter { priority[$0] == k && !rows.entries(of: $0).isEmpty }
            while true {
                phase += 1
                for p in 0..<n { layer[p] = -1 }
                queue.removeAll(keepingCapacity: true)
                for p in roots where gpOf[p] < 0 { layer[p] = 0; queue.append(Int32(p)) }
                var limit = Int32.max   // layer at which a GP with a free place was first seen
                var head = 0
                while head < queue.count {
                    let p = Int(queue[head]); head += 1
                    if layer[p] >= limit { continue }
                    for e in rows.entries(of: p) {
                        let g = Int(rows.gp[e])
                        if seenInPhase[g] == phase { continue }
                        seenInPhase[g] = phase
                        if load[g] < capacity[g] { limit = min(limit, layer[p]); continue }
                        for slot in slotStart[g]..<(slotStart[g] + load[g]) {
                            let q = Int(occupant[slot])
                            if layer[q] < 0 { layer[q] = layer[p] + 1; queue.append(Int32(q)) }
                        }
                    }
                }
                if limit == .max { break }
                var grew = false
                for p in roots where gpOf[p] < 0 && layer[p] == 0 { if augment(p) { grew = true } }
                if !grew { break }
            }
        }
        return gpOf
    }
}
