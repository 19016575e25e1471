import Foundation

extension CheckedTable {
    /// What this table showed (`true`) or hid (`false`), in the form `DisclosureControl.protect`'s
    /// `overlap` takes: totals by variable and category ("*" → "Total" for the grand total), and
    /// cells under `cellKey(rows, columns)`.
    public var shown: [String: [String: Bool]] {
        let R = rows.count, C = columns.count
        var out: [String: [String: Bool]] = [rowVariable: [:], columnVariable: [:], "*": ["Total": cells[R][C].value != nil]]
        for i in 0..<R { out[rowVariable]![rows[i]] = cells[i][C].value != nil }
        for j in 0..<C { out[columnVariable]![columns[j]] = cells[R][j].value != nil }
        let pair = DisclosureControl.cellKey(rowVariable, columnVariable)
        for i in 0..<R { for j in 0..<C { out[pair, default: [:]][DisclosureControl.cellKey(rows[i], columns[j])] = cells[i][j].value != nil } }
        return out
    }
}

extension DisclosureControl {
    /// The overlap context of earlier tables of one population: a cell hidden in any of them stays hidden.
    public static func overlap(_ tables: [CheckedTable]) -> [String: [String: Bool]] {
        tables.map(\.shown).reduce(into: [:]) { out, shown in
            for (variable, categories) in shown {
                for (category, visible) in categories { out[variable, default: [:]][category] = (out[variable]?[category] ?? true) && visible }
            }
        }
    }
}
