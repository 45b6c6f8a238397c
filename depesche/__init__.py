"""depesche: rule-based extraction of diplomatic event facts from German news."""
