package cn.jining.census.print;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.lowagie.text.DocumentException;
import com.lowagie.text.pdf.BaseFont;

/**
 * The Chinese font embedded in printed maps (a subset: only the glyphs used). Debian's
 * fonts-noto-cjk ships Noto Sans CJK as one collection (.ttc) of regional faces; the simplified
 * Chinese face is chosen from it, since the same code points look different in the Japanese or
 * Korean face. A single .ttf or .otf file is used as it is.
 */
final class CjkPdfFont {

    static final String DEFAULT_FILE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    private CjkPdfFont() {
    }

    /**
     * @throws IllegalStateException naming the file and the package to install when the font
     *                               cannot be read
     */
    static BaseFont load(String file) {
        if (!Files.isReadable(Path.of(file))) {
            throw new IllegalStateException("the Chinese font " + file + " for printed maps is missing: install "
                    + "fonts-noto-cjk or set census.print.font");
        }
        try {
            String face = file;
            if (file.toLowerCase().endsWith(".ttc")) {
                String[] names = BaseFont.enumerateTTCNames(file);
                int simplified = 0;
                for (int i = 0; i < names.length; i++) {
                    if (names[i].contains(" SC") || names[i].toLowerCase().contains("sc-")) {
                        simplified = i;
                        break;
                    }
                }
                face = file + "," + simplified;
            }
            return BaseFont.createFont(face, BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        } catch (DocumentException | IOException e) {
            throw new IllegalStateException("cannot read the Chinese font " + file + ": " + e.getMessage(), e);
        }
    }
}
