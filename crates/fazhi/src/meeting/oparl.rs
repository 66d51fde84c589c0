//! OParl 1.1 export of the published part.
