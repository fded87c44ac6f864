package cn.jining.census.print;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.lowagie.text.pdf.PdfContentByte;

/**
 * A QR code drawn as vector squares on a PDF page, so it scans sharply at any printer
 * resolution. Error correction M (15 % of the code may be smudged), no quiet zone of its own: the
 * caller leaves white around it.
 */
final class QrCodeMark {

    private QrCodeMark() {
    }

    /** Draws the QR code of {@code text} as a {@code size}-point square with its lower-left corner at (x, y). */
    static void draw(PdfContentByte canvas, String text, float x, float y, float size) {
        BitMatrix modules;
        try {
            modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 0, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode '" + text + "' as a QR code: " + e.getMessage(), e);
        }
        int n = modules.getWidth();
        float module = size / n;
        canvas.saveState();
        canvas.setGrayFill(0);
        for (int row = 0; row < n; row++) {
            for (int column = 0; column < n; column++) {
                if (modules.get(column, row)) {
                    // rows count down from the top; PDF y counts up; a hair of overlap avoids white seams
                    canvas.rectangle(x + column * module, y + size - (row + 1) * module, module + 0.05f, module + 0.05f);
                }
            }
        }
        canvas.fill();
        canvas.restoreState();
    }
}
