// filled in by the order page commit
