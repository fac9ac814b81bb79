package ijxai.cli;

import java.util.List;

import ijxai.engine.features.FirstLayerKernels;
import ijxai.image.Montage;

/** The first convolution's kernels as a montage, {@code first_layer_filters.tif}. */
final class FiltersPresenter implements ToolPresenter<FirstLayerKernels> {

	private static final String FILE = "first_layer_filters.tif";

	@Override public List<String> files() { return List.of(FILE); }

	@Override
	public void present(FirstLayerKernels kernels, Context context) {
		context.session().save(Montage.filters(kernels, "first layer filters"), context.folder().resolve(FILE));
	}
}
