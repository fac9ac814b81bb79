package ijxai.engine.bioimage;

import java.nio.file.Path;

/**
 * How far a package from the internet is trusted: where its archives are unpacked and how large
 * they and their description may be.
 *
 * @param cache the folder archives are unpacked into, one subfolder per archive's sha256
 * @param maxEntries the most entries one archive may hold
 * @param maxBytes the most bytes one archive may unpack to
 * @param maxRatio the most an entry larger than {@link #RATIO_FLOOR} bytes may inflate (zip bombs)
 * @param maxYamlCodePoints the longest description file read
 * @param maxAliases the most YAML aliases in one description (alias bombs)
 * @param maxTensorValues the most values one test tensor may hold
 */
public record PackageLimits(Path cache, int maxEntries, long maxBytes, int maxRatio, int maxYamlCodePoints, int maxAliases,
	long maxTensorValues) {

	/** Entries smaller than this are not held to the compression ratio: tiny files of zeros inflate a lot. */
	public static final long RATIO_FLOOR = 1 << 20;

	public PackageLimits {
		if (cache == null) throw new IllegalArgumentException("a package cache folder is needed");
		cache = cache.toAbsolutePath().normalize();
	}

	/** The limits used unless a caller says otherwise, unpacking into {@link #defaultCache()}. */
	public static PackageLimits defaults() {
		return defaults(defaultCache());
	}

	/** The default limits, unpacking into {@code cache}. */
	public static PackageLimits defaults(Path cache) {
		return new PackageLimits(cache, 10_000, 2L << 30, 200, 1 << 20, 100, 1L << 28);
	}

	/**
	 * {@code ~/.cache/ij-xai/packages}, or below java.io.tmpdir when there is no home folder; the
	 * system property {@code ijxai.packageCache} overrides both.
	 */
	public static Path defaultCache() {
		String configured = System.getProperty("ijxai.packageCache");
		if (configured != null && !configured.isBlank()) return Path.of(configured);
		String home = System.getProperty("user.home");
		if (home != null && !home.isBlank() && !home.equals("?")) return Path.of(home, ".cache", "ij-xai", "packages");
		return Path.of(System.getProperty("java.io.tmpdir"), "ij-xai-packages");
	}
}
