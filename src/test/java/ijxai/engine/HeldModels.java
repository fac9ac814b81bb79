package ijxai.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;

/** A model cache for tests: every model it lends stays lent until the whole set is closed. */
public final class HeldModels implements AutoCloseable {

	private final ModelCache cache = new ModelCache();
	private final List<ModelCache.Lease> leases = new ArrayList<>();

	public synchronized LoadedModel get(Path folder, ModelOptions options) {
		ModelCache.Lease lease = cache.lease(folder, options);
		leases.add(lease);
		return lease.model();
	}

	@Override
	public synchronized void close() {
		leases.forEach(ModelCache.Lease::close);
		leases.clear();
		cache.close();
	}
}
