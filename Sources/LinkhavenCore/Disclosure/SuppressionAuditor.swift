import Foundation

/// Checks a suppression pattern the way an attacker would: treating every published cell and
/// total as exact (stronger than the rounded truth), which suppressed cells does some combination
/// of the table's additive lines pin down? A cell is determined when its unit vector lies in the
/// row space of the lines' equations over the suppressed cells, or when a line's suppressed cells
/// must all be zero.
public enum SuppressionAuditor {
    public static func determinable(hidden: [(Int, Int)], grid g: [[Double]], rows R: Int, columns C: Int) -> [(Int, Int)] {
        guard !hidden.isEmpty else { return [] }
        var index: [Int: Int] = [:]
        for (k, h) in hidden.enumerated() { index[h.0 * (C + 1) + h.1] = k }
        var matrix: [[Double]] = []
        var exposed = Set<Int>()
        for line in DisclosureControl.lines(R, C) {
            var row = [Double](repeating: 0, count: hidden.count)
            var sumHidden = 0.0, any = false
            for (i, (r, c)) in line.enumerated() {
                if let k = index[r * (C + 1) + c] {
                    // A line's total (its last cell) enters with the opposite sign to its parts.
                    row[k] = i == line.count - 1 ? -1 : 1
                    sumHidden += row[k] * g[r][c]
                    any = true
                }
            }
            guard any else { continue }
            matrix.append(row)
            // All suppressed parts of a line with no suppressed total summing to zero: each is zero.
            let parts = line.filter { index[$0.0 * (C + 1) + $0.1] != nil }
            if abs(sumHidden) < 1e-9, parts.allSatisfy({ row[index[$0.0 * (C + 1) + $0.1]!] == 1 }) {
                for p in parts { exposed.insert(index[p.0 * (C + 1) + p.1]!) }
            }
        }
        for k in reduced(matrix, columns: hidden.count) { exposed.insert(k) }
        return exposed.sorted().map { hidden[$0] }
    }

    /// The unknowns that reduced row echelon form pins down: rows with exactly one non-zero entry.
    static func reduced(_ m: [[Double]], columns n: Int) -> [Int] {
        var a = m
        var pivotRow = 0
        for col in 0..<n where pivotRow < a.count {
            guard let p = (pivotRow..<a.count).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[p][col]) > 1e-9 else { continue }
            a.swapAt(pivotRow, p)
            let v = a[pivotRow][col]
            a[pivotRow] = a[pivotRow].map { $0 / v }
            for r in 0..<a.count where r != pivotRow && abs(a[r][col]) > 1e-9 {
                let f = a[r][col]
                for c in 0..<n { a[r][c] -= f * a[pivotRow][c] }
            }
            pivotRow += 1
        }
        return a.prefix(pivotRow).compactMap { row in
            let nonzero = row.indices.filter { abs(row[$0]) > 1e-9 }
            return nonzero.count == 1 ? nonzero[0] : nil
        }
    }
}
