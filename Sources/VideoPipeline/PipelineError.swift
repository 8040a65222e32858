/// Why a pipeline could not start; each case says which part failed.
public enum PipelineError: Error, Hashable, CustomStringConvertible {
    case threadStartFailed(errno: Int32)
    case alreadyStarted

    public var description: String {
        switch self {
        case .threadStartFailed(let code): "could not start the capture thread (pthread_create returned \(code))"
        case .alreadyStarted: "the pipeline was already started"
        }
    }
}
