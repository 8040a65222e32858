import Testing
import X264Encoder

@testable import VideoPipeline

/// The sub-stream's scaling: libyuv gives the asked size in the input's layout, flat planes stay flat, and
/// a left/right split lands at the same place, half as far in.
@Suite struct PictureScalerTests {
    /// A 64x32 I420 picture: luma 40 on the left half, 200 on the right; chroma U 90, V 160.
    @Test func i420ScalesToTheAskedSizeKeepingWhatIsWhere() {
        let width = 64, height = 32
        var luma = [UInt8](repeating: 0, count: width * height)
        for row in 0..<height { for column in 0..<width { luma[row * width + column] = column < width / 2 ? 40 : 200 } }
        let u = [UInt8](repeating: 90, count: width * height / 4), v = [UInt8](repeating: 160, count: width * height / 4)
        let scaler = PictureScaler(width: 32, height: 16)
        let out = luma.withUnsafeBytes { y in
            u.withUnsafeBytes { u in
                v.withUnsafeBytes { v in
                    let picture = RawPicture(
                        layout: .i420, planes: [y.baseAddress!, u.baseAddress!, v.baseAddress!], strides: [width, width / 2, width / 2])
                    return scaler.scale(picture, sourceWidth: width, sourceHeight: height).map(Self.i420Bytes(width: 32, height: 16))
                }
            }
        }
        let (y, cb, cr) = try! #require(out)
        #expect(y.count == 32 * 16 && cb.count == 16 * 8 && cr.count == 16 * 8)
        for row in 0..<16 {
            #expect(y[row * 32 + 2] == 40, "left of the edge stays dark")
            #expect(y[row * 32 + 29] == 200, "right of the edge stays bright")
        }
        #expect(cb.allSatisfy { $0 == 90 } && cr.allSatisfy { $0 == 160 })
    }

    @Test func nv12StaysNV12() throws {
        let width = 32, height = 16
        let luma = [UInt8](repeating: 77, count: width * height)
        var chroma = [UInt8](repeating: 0, count: width * height / 2)
        for index in chroma.indices { chroma[index] = index % 2 == 0 ? 100 : 150 }
        let scaler = PictureScaler(width: 16, height: 8)
        let result = luma.withUnsafeBytes { y in
            chroma.withUnsafeBytes { uv -> ([UInt8], [UInt8])? in
                let picture = RawPicture(layout: .nv12, planes: [y.baseAddress!, uv.baseAddress!], strides: [width, width])
                guard let scaled = scaler.scale(picture, sourceWidth: width, sourceHeight: height) else { return nil }
                #expect(scaled.layout == .nv12 && scaled.strides == [16, 16])
                return (
                    Array(UnsafeRawBufferPointer(start: scaled.planes[0], count: 16 * 8)),
                    Array(UnsafeRawBufferPointer(start: scaled.planes[1], count: 16 * 4))
                )
            }
        }
        let (y, uv) = try #require(result)
        #expect(y.allSatisfy { $0 == 77 })
        #expect(uv.enumerated().allSatisfy { $0.element == ($0.offset % 2 == 0 ? 100 : 150) })
    }

    @Test func aPictureWithTheWrongPlaneCountIsRefused() {
        let bytes = [UInt8](repeating: 0, count: 64)
        let scaler = PictureScaler(width: 4, height: 4)
        let scaled = bytes.withUnsafeBytes { base in
            scaler.scale(RawPicture(layout: .i420, planes: [base.baseAddress!], strides: [8]), sourceWidth: 8, sourceHeight: 8)
        }
        #expect(scaled == nil)
    }

    private static func i420Bytes(width: Int, height: Int) -> (RawPicture) -> ([UInt8], [UInt8], [UInt8]) {
        { picture in
            (
                Array(UnsafeRawBufferPointer(start: picture.planes[0], count: width * height)),
                Array(UnsafeRawBufferPointer(start: picture.planes[1], count: width * height / 4)),
                Array(UnsafeRawBufferPointer(start: picture.planes[2], count: width * height / 4))
            )
        }
    }
}
