namespace Engram.Continual.Diffusion;

/// <summary>How the forgetting of a task-1 image is measured from its errors before (after task 1) and after the later tasks.</summary>
public enum ForgettingScore
{
    /// <summary>The increase of the denoising error, e_after − e_before, averaged over the evaluation timesteps.</summary>
    Absolute,

    /// <summary>The relative increase (e_after − e_before) / e_before, averaged over the evaluation timesteps.</summary>
    Relative,

    /// <summary>
    /// The increase of the reconstruction error: noise the image to the selection step with fixed noise, run the model
    /// back to 0 by DDIM, and take ‖x̂_0 − x_0‖²/D (<see cref="DenoisingErrors.Reconstruction"/>), after minus before.
    /// </summary>
    Reconstruction,
}
