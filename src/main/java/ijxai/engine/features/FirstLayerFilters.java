package ijxai.engine.features;

import java.util.List;

import ijxai.engine.Progress;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;

/** The kernels of the model's first convolution ({@link FirstLayerKernels}): it reads no images. */
public final class FirstLayerFilters implements DatasetTool<FirstLayerKernels> {

	@Override public String name() { return "filters"; }

	@Override public String title() { return "First-layer filters"; }

	@Override public Images images() { return Images.NONE; }

	@Override public List<MethodParameter> parameters() { return List.of(); }

	@Override
	public FirstLayerKernels run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		return FirstLayerKernels.of(model);
	}
}
