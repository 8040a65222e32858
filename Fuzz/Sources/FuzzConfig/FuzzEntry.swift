import StreamerConfig

/// Config files as people edit them, and as they break them. Decoding never traps: every input is either a
/// configuration or a list of errors, and each error names a place in the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try ConfigLoader.decode(text: text, path: "fuzz.yml")
    } catch {
        precondition(!error.diagnostics.isEmpty, "a rejected config must say why")
    }
    return 0
}
