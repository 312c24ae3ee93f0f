package io.latchkey.server.totp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Every QR code the server hands out is found by a scanner's detector, not only decodable when
 * the reader is told where the code is: with the mask ZXing picks alone, about one otpauth URI in
 * 60 gave a code the detector could not find (TotpTest failed on such a secret once).
 */
class TotpQrCodeTest {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    @Test
    void everyCodeIsFoundAndReadByADetectorThatLooksForIt() throws Exception {
        Random random = new Random(1);
        List<String> unread = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            StringBuilder secret = new StringBuilder();
            for (int j = 0; j < 32; j++) {
                secret.append(BASE32.charAt(random.nextInt(32)));
            }
            String uri = "otpauth://totp/Org%20n-" + Integer.toHexString(random.nextInt()) + ":user-"
                    + Integer.toHexString(random.nextInt()) + "%40acme.test?secret=" + secret
                    + "&issuer=Org%20n-abc&algorithm=SHA1&digits=6&period=30";
            String dataUrl = TotpQrCode.dataUrl(uri);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(dataUrl.substring("data:image/png;base64,".length()))));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            try {
                String read = new QRCodeReader()
                        .decode(new BinaryBitmap(new HybridBinarizer(
                                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
                        .getText();
                if (!read.equals(uri)) {
                    unread.add(uri + " read as " + read);
                }
            } catch (com.google.zxing.ReaderException e) {
                unread.add(uri + ": " + e);
            }
        }
        assertThat(unread).isEmpty();
    }
}
