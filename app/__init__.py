"""Iraq Transition Explainer: one article, every fact linked to the passage that states it."""
