package dev.kft.core;

/** The target platform of an image build, with the text form that kaniko's {@code --custom-platform} takes. */
public enum Platform {
    LINUX_AMD64("linux/amd64"),
    LINUX_ARM64("linux/arm64");

    private final String text;

    Platform(String text) {
        this.text = text;
    }

    /** The text form, e.g. {@code linux/arm64}. */
    public String text() {
        return text;
    }

    /** The platform with this exact text form, or null when there is none. */
    public static Platform fromText(String text) {
        for (Platform platform : values()) {
            if (platform.text.equals(text)) {
                return platform;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
