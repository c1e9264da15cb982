"""The assessment: individual scoring, consensus, site visits, who sees what, and the final scores."""
