package io.boxbox.e2e.browser;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import javax.imageio.ImageIO;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The README's pictures of the pages, taken by the browser test when {@code -Dboxbox.screenshots=<dir>}
 * is set ({@code ./boxbox screenshots}); otherwise it takes none. A picture is scaled down until it
 * weighs at most {@link #MAX_BYTES}, so the repository stays small.
 */
public final class Screenshots {

    static final int MAX_BYTES = 150 * 1024;

    private final Optional<Path> directory;

    private Screenshots(Optional<Path> directory) {
        this.directory = directory;
    }

    public static Screenshots fromSystemProperty() {
        String dir = System.getProperty("boxbox.screenshots", "");
        return new Screenshots(dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir)));
    }

    public boolean enabled() {
        return directory.isPresent();
    }

    /** The viewport as {@code <name>.png}; nothing when screenshots are off. */
    public void take(WebDriver driver, String name) throws IOException {
        if (directory.isEmpty()) {
            return;
        }
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage image = original;
        for (double factor = 0.8; png.length > MAX_BYTES && image.getWidth() > 200; factor *= 0.8) {
            image = scaled(original, factor);
            png = encode(image);
        }
        Files.createDirectories(directory.get());
        Path file = directory.get().resolve(name + ".png");
        Files.write(file, png);
        System.out.printf("screenshot %s (%d×%d, %d KB)%n", file, image.getWidth(), image.getHeight(), png.length / 1024);
    }

    private static BufferedImage scaled(BufferedImage image, double factor) {
        int width = (int) Math.round(image.getWidth() * factor);
        int height = (int) Math.round(image.getHeight() * factor);
        BufferedImage smaller = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var graphics = smaller.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        graphics.drawImage(image, 0, 0, width, height, null);
        graphics.dispose();
        return smaller;
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
