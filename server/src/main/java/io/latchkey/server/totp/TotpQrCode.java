package io.latchkey.server.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The QR code an authenticator app scans, as a PNG data URL ({@code data:image/png;base64,...})
 * that a page can put straight into an {@code img}. ZXing encodes; the JDK's ImageIO writes the
 * PNG, so no AWT toolkit or display is involved. Stateless.
 */
final class TotpQrCode {
    private static final int PIXELS_PER_MODULE = 4;
    // The four modules ISO/IEC 18004 asks for: scanners look for the code against a clear border.
    private static final int QUIET_ZONE_MODULES = 4;
    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;

    private TotpQrCode() {}

    static String dataUrl(String content) {
        // ZXing picks the mask by the standard's penalty score, which does not rule out a symbol
        // whose data area holds finder-like patterns: for about one otpauth URI in 60 the chosen
        // mask gives a code that a camera-style detector (ZXing's own, as phones use) cannot find,
        // though the code itself is valid. So the symbol is read back the way a scanner reads it,
        // and when that fails the other masks are tried until one is found.
        BitMatrix matrix = encode(content, null);
        for (int mask = 0; mask < 8 && !scansAs(matrix, content); mask++) {
            matrix = encode(content, mask);
        }
        int size = matrix.getWidth() * PIXELS_PER_MODULE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        int[] pixels = pixels(matrix);
        image.setRGB(0, 0, size, size, pixels, 0, size);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static BitMatrix encode(String content, Integer mask) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE_MODULES);
        hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        if (mask != null) {
            hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        }
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, hints);
        } catch (WriterException e) {
            // Only for content beyond a QR code's capacity; an otpauth URI is far below it.
            throw new IllegalStateException("QR code could not be encoded", e);
        }
    }

    /** The image's pixels, {@link #PIXELS_PER_MODULE} to a module. */
    private static int[] pixels(BitMatrix matrix) {
        int size = matrix.getWidth() * PIXELS_PER_MODULE;
        int[] pixels = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * size + x] = matrix.get(x / PIXELS_PER_MODULE, y / PIXELS_PER_MODULE) ? BLACK : WHITE;
            }
        }
        return pixels;
    }

    /** True when a detector that looks for the code in the picture (not told it is one) reads it. */
    private static boolean scansAs(BitMatrix matrix, String content) {
        int size = matrix.getWidth() * PIXELS_PER_MODULE;
        try {
            Result read = new QRCodeReader()
                    .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels(matrix)))));
            return content.equals(read.getText());
        } catch (ReaderException e) {
            return false;
        }
    }
}
