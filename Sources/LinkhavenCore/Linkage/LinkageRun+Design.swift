import Foundation

/// Zero-config linkage: a run from the spec and the pseudonymised files alone, designed by ``LinkDesigner``.
extension LinkageRun {
    /// Loads `inputs` (dataset name and file) with every token, blocking key and CLK the spec makes, designs the
    /// linkage, and returns the run ready for ``run(train:workers:progress:)`` with `train: false` (the designer
    /// has trained the model). `linkType` defaults to dedupe for one file and link-and-dedupe for more.
    public static func designed(spec: LinkageSpec, inputs: [(dataset: String, path: String)], linkType: BlockingIndex.LinkType? = nil,
                                unique: Set<String> = [], workers: Int = System.coreCount, progress: (String) -> Void = { _ in }) throws -> LinkageRun {
        try designed(spec: spec, inputs: inputs.map { ($0.dataset, $0.dataset, $0.path) }, linkType: linkType, unique: unique, workers: workers, progress: progress)
    }

    /// As ``designed(spec:inputs:linkType:workers:progress:)``, each file named in the run as `name` and described by
    /// the spec's dataset `specDataset` (two extracts of one dataset can be linked to each other). The files named in
    /// `unique` hold each person at most once (their providers say so): clustering never puts two of their records together.
    public static func designed(spec: LinkageSpec, inputs: [(name: String, specDataset: String, path: String)], linkType: BlockingIndex.LinkType? = nil,
                                unique: Set<String> = [], workers: Int = System.coreCount, progress: (String) -> Void = { _ in }) throws -> LinkageRun {
        try designed(spec: spec, inputs: inputs.map { ($0.name, $0.specDataset, $0.path) }, linkType: linkType, unique: unique, progress: progress) { i, table, keys, clks in
            try table.load(path: i.source, dataset: i.name, tokenColumns: keys, clkColumns: clks, workers: workers)
        }
    }

    /// As ``designed(spec:inputs:linkType:workers:progress:)``, each dataset read from the reader `open` gives for its
    /// name (with a name for errors), so that a platform can stream stored files without writing them out.
    public static func designed(spec: LinkageSpec, datasets: [(name: String, specDataset: String)], linkType: BlockingIndex.LinkType? = nil,
                                unique: Set<String> = [], progress: (String) -> Void = { _ in },
                                open: (String) throws -> (CSVReader, String)) throws -> LinkageRun {
        try designed(spec: spec, inputs: datasets.map { ($0.name, $0.specDataset, $0.name) }, linkType: linkType, unique: unique, progress: progress) { i, table, keys, clks in
            let (reader, source) = try open(i.name)
            try table.load(reader: reader, source: source, dataset: i.name, tokenColumns: keys, clkColumns: clks)
        }
    }

    /// Checks the inputs, loads each with `load` (given every blocking key and CLK the spec makes), and designs the run.
    static func designed(spec: LinkageSpec, inputs: [(name: String, specDataset: String, source: String)], linkType: BlockingIndex.LinkType?,
                         unique: Set<String>, progress: (String) -> Void,
                         load: ((name: String, specDataset: String, source: String), LinkageTable, Set<String>, Set<String>) throws -> Void) throws -> LinkageRun {
        guard !inputs.isEmpty else { throw LinkageError.badInput("no pseudonymised files to link") }
        var seen = Set<String>()
        for i in inputs where !seen.insert(i.name).inserted {
            throw LinkageError.badInput("two files are named '\(i.name)' ('\(i.source)' is the second): name each file once (NAME=FILE)")
        }
        for name in unique.sorted() where !seen.contains(name) {
            throw LinkageError.badInput("'\(name)' is said to be unique, but no file of this run is named so (files: \(inputs.map(\.name).joined(separator: ", ")))")
        }
        for i in inputs where !spec.datasets.contains(where: { $0.name == i.specDataset }) {
            throw LinkageError.badInput("'\(i.source)' is dataset '\(i.specDataset)', which the spec '\(spec.project)' does not have")
        }
        let clock = ContinuousClock(), start = clock.now
        let table = LinkageTable()
        let keys = Set(spec.datasets.flatMap { ($0.blockingKeys ?? []).map(\.name) }), clks = Set(spec.datasets.flatMap { ($0.clks ?? []).map(\.name) })
        for i in inputs {
            progress("loading \(i.name)")
            try load(i, table, keys, clks)
        }
        let loaded = (clock.now - start).seconds, loadedPeak = System.peakMemoryBytes()
        let type = linkType ?? (inputs.count == 1 ? .dedupe : .linkAndDedupe)
        var designer = try LinkDesigner(spec: spec, table: table, linkType: type, specDatasets: inputs.map(\.specDataset))
        let (design, model) = try designer.design(datasets: inputs.map { LinkConfig.DatasetInput(name: $0.name, file: $0.source, unique: unique.contains($0.name) ? true : nil) },
                                                  progress: progress)
        var run = try LinkageRun(config: design.config, table: table, model: model, loadSeconds: loaded, loadPeak: loadedPeak)
        run.design = design
        run.report.stage("design", seconds: (clock.now - start).seconds - loaded)
        return run
    }
}
