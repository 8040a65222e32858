import CV4L2

/// Control ids camstream uses itself.
public enum V4L2Controls {
    /// V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME: a button on cameras (and encoders) that make H.264,
    /// pressed when a viewer joins so it gets an IDR at once.
    public static let forceKeyFrame: UInt32 = camstream_cid_force_key_frame
}
