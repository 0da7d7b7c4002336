"""Product lines of the consumer-goods domain: computer hardware (AtliQ-style) or FMCG, chosen by the operator's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factory.llm.offline.context import DomainContext

Product = tuple[str, str, str, str, str, float]
Account = tuple[str, str, str, str, str, str, float, float]

# (division, segment, category, product, variant, base gross price in USD)
HARDWARE_CATALOG: tuple[Product, ...] = (
    ("P & A", "Peripherals", "Mouse", "AQ Master wired x1 Ms", "Standard", 5.9),
    ("P & A", "Peripherals", "Mouse", "AQ Master wireless x1", "Plus", 12.4),
    ("P & A", "Peripherals", "Keyboard", "AQ Maxima Keyboard", "Standard", 19.5),
    ("P & A", "Peripherals", "Keyboard", "AQ Qwerty Mech", "Premium", 48.0),
    ("P & A", "Peripherals", "Monitor", "AQ Vision 24", "Standard", 139.0),
    ("P & A", "Peripherals", "Monitor", "AQ Vision 27 QHD", "Premium", 289.0),
    ("P & A", "Accessories", "Mouse Pad", "AQ Pad Pro", "Standard", 4.2),
    ("P & A", "Accessories", "Headset", "AQ Sonic Headset", "Plus", 36.0),
    ("P & A", "Accessories", "Webcam", "AQ Clear Cam HD", "Standard", 29.0),
    ("P & A", "Accessories", "USB Flash Drive", "AQ Pen Drive 64GB", "Standard", 7.5),
    ("PC", "Notebook", "Personal Laptop", "AQ Velocity 14", "Standard", 589.0),
    ("PC", "Notebook", "Personal Laptop", "AQ Velocity 15 Plus", "Plus", 712.0),
    ("PC", "Notebook", "Business Laptop", "AQ Lumina Pro", "Premium", 1049.0),
    ("PC", "Notebook", "Gaming Laptop", "AQ Digit Gamer", "Premium", 1315.0),
    ("PC", "Desktop", "Personal Desktop", "AQ Home Tower", "Standard", 498.0),
    ("PC", "Desktop", "Business Desktop", "AQ Office Mini", "Plus", 639.0),
    ("PC", "Desktop", "Gaming Desktop", "AQ Beast RGB", "Premium", 1499.0),
    ("N & S", "Storage", "External Solid State Drives", "AQ Portable SSD 1TB", "Standard", 92.0),
    ("N & S", "Storage", "Internal HDD", "AQ Data Drive 2TB", "Standard", 61.0),
    ("N & S", "Storage", "USB Flash Drives", "AQ Dual Drive 128GB", "Plus", 15.0),
    ("N & S", "Networking", "Wi-Fi Extender", "AQ Wi-Fi Extender v2", "Standard", 24.0),
    ("N & S", "Networking", "Router", "AQ Mesh Router AX", "Premium", 129.0),
)
# (customer, platform, channel, market, sub_zone, region, pre-invoice discount as a fraction, account size index)
HARDWARE_ACCOUNTS: tuple[Account, ...] = (
    ("Croma", "Brick & Mortar", "Retailer", "India", "India", "APAC", 0.21, 3.0),
    ("Vijay Sales", "Brick & Mortar", "Retailer", "India", "India", "APAC", 0.24, 2.2),
    ("Reliance Digital", "Brick & Mortar", "Retailer", "India", "India", "APAC", 0.27, 2.6),
    ("Amazon", "E-Commerce", "Retailer", "India", "India", "APAC", 0.29, 4.0),
    ("Flipkart", "E-Commerce", "Retailer", "India", "India", "APAC", 0.31, 3.4),
    ("AtliQ e Store", "E-Commerce", "Direct", "India", "India", "APAC", 0.08, 1.8),
    ("Electricalslytical", "Brick & Mortar", "Distributor", "Indonesia", "SE", "APAC", 0.18, 0.9),
    ("Lazada", "E-Commerce", "Retailer", "Philippines", "SE", "APAC", 0.26, 1.1),
    ("Sage", "Brick & Mortar", "Retailer", "Japan", "NE", "APAC", 0.17, 1.2),
    ("Coolblue", "E-Commerce", "Retailer", "South Korea", "NE", "APAC", 0.22, 1.0),
    ("JB Hi-Fi", "Brick & Mortar", "Retailer", "Australia", "ANZ", "APAC", 0.2, 1.3),
    ("Amazon", "E-Commerce", "Retailer", "USA", "NA", "NA", 0.25, 2.8),
    ("Best Buy", "Brick & Mortar", "Retailer", "USA", "NA", "NA", 0.23, 2.1),
    ("Staples", "Brick & Mortar", "Retailer", "Canada", "NA", "NA", 0.19, 1.0),
    ("Currys", "Brick & Mortar", "Retailer", "United Kingdom", "NE", "EU", 0.2, 1.4),
    ("Fnac-Darty", "Brick & Mortar", "Retailer", "France", "SE", "EU", 0.18, 1.1),
    ("Otto", "E-Commerce", "Retailer", "Germany", "NE", "EU", 0.24, 1.2),
    ("Unieuro", "Brick & Mortar", "Retailer", "Italy", "SE", "EU", 0.16, 0.8),
    ("Mercado Libre", "E-Commerce", "Retailer", "Brazil", "LATAM", "LATAM", 0.21, 0.9),
    ("Liverpool", "Brick & Mortar", "Distributor", "Mexico", "LATAM", "LATAM", 0.15, 0.7),
)
HARDWARE_FIRST = ("Atliq", "Nimbus", "Vertex", "Orion", "Kestrel", "Quanta", "Helix", "Zenith", "Cobalt", "Pixelcraft")
HARDWARE_SECOND = ("Hardwares", "Peripherals", "Devices", "Technologies", "Electronics")

# (division, segment, category, product, pack, base gross price per case in INR)
FMCG_CATALOG: tuple[Product, ...] = (
    ("Foods", "Biscuits", "Glucose Biscuits", "Morning Glucose 24x100g", "Standard", 480.0),
    ("Foods", "Biscuits", "Cream Biscuits", "Choco Cream 24x75g", "Plus", 600.0),
    ("Foods", "Snacks", "Potato Chips", "Crunchy Chips 48x52g", "Standard", 960.0),
    ("Foods", "Snacks", "Namkeen", "Bhujia Mix 30x200g", "Standard", 1500.0),
    ("Foods", "Snacks", "Instant Noodles", "2-Minute Masala Noodles 48x70g", "Standard", 576.0),
    ("Foods", "Confectionery", "Chocolate", "Silk Bar 48x40g", "Premium", 1920.0),
    ("Foods", "Breakfast", "Cereals", "Corn Flakes 12x500g", "Plus", 2160.0),
    ("Beverages", "Hot Beverages", "Tea", "Assam Gold Tea 12x500g", "Premium", 3000.0),
    ("Beverages", "Hot Beverages", "Coffee", "Filter Coffee 24x50g", "Plus", 4200.0),
    ("Beverages", "Cold Beverages", "Soft Drinks", "Cola 24x750ml", "Standard", 960.0),
    ("Beverages", "Cold Beverages", "Juices", "Mango Drink 24x600ml", "Standard", 840.0),
    ("Beverages", "Cold Beverages", "Water", "Packaged Water 12x1L", "Standard", 180.0),
    ("Home & Personal Care", "Personal Care", "Soap", "Sandal Bath Soap 48x100g", "Standard", 1680.0),
    ("Home & Personal Care", "Personal Care", "Shampoo", "Herbal Shampoo 24x180ml", "Plus", 4080.0),
    ("Home & Personal Care", "Personal Care", "Toothpaste", "Clove Toothpaste 48x150g", "Standard", 4320.0),
    ("Home & Personal Care", "Personal Care", "Hair Oil", "Coconut Hair Oil 24x200ml", "Standard", 3600.0),
    ("Home & Personal Care", "Home Care", "Detergent", "Bright Wash Powder 12x1kg", "Standard", 1320.0),
    ("Home & Personal Care", "Home Care", "Dishwash", "Lemon Dishwash Gel 24x500ml", "Plus", 2400.0),
    ("Home & Personal Care", "Home Care", "Floor Cleaner", "Pine Floor Cleaner 12x1L", "Standard", 1800.0),
    ("Home & Personal Care", "Home Care", "Hand Wash", "Neem Hand Wash 24x200ml", "Premium", 2160.0),
)
# (customer, platform, channel, market, sub_zone, region, pre-invoice discount, account size index)
FMCG_ACCOUNTS: tuple[Account, ...] = (
    ("DMart", "Brick & Mortar", "Retailer", "India", "India", "South Asia", 0.12, 3.2),
    ("Reliance Retail", "Brick & Mortar", "Retailer", "India", "India", "South Asia", 0.14, 3.6),
    ("More Retail", "Brick & Mortar", "Retailer", "India", "India", "South Asia", 0.11, 1.6),
    ("BigBasket", "E-Commerce", "Retailer", "India", "India", "South Asia", 0.16, 2.4),
    ("Amazon", "E-Commerce", "Retailer", "India", "India", "South Asia", 0.17, 2.2),
    ("Company e-Store", "E-Commerce", "Direct", "India", "India", "South Asia", 0.04, 0.9),
    ("Bhat-Bhateni", "Brick & Mortar", "Retailer", "Nepal", "SAARC", "South Asia", 0.09, 0.7),
    ("Keells", "Brick & Mortar", "Retailer", "Sri Lanka", "SAARC", "South Asia", 0.1, 0.8),
    ("Shwapno", "Brick & Mortar", "Retailer", "Bangladesh", "SAARC", "South Asia", 0.1, 0.9),
    ("Lulu Hypermarket", "Brick & Mortar", "Retailer", "UAE", "GCC", "Middle East", 0.13, 1.4),
    ("Noon", "E-Commerce", "Retailer", "Saudi Arabia", "GCC", "Middle East", 0.15, 0.9),
    ("Naivas", "Brick & Mortar", "Distributor", "Kenya", "East Africa", "Africa", 0.08, 0.6),
    ("Tesco", "Brick & Mortar", "Retailer", "United Kingdom", "UK", "Europe", 0.18, 1.1),
    ("Patel Brothers", "Brick & Mortar", "Distributor", "USA", "USA", "North America", 0.12, 1.0),
)
FMCG_FIRST = ("Atliq", "Annapurna", "Swastik", "Kesar", "Nirmal", "Ganga", "Sunrise", "Amrut", "Vasant", "Tulsi")
FMCG_SECOND = ("Consumer Products", "Foods", "Brands", "Consumer Care", "Industries")
FMCG_WORDS = re.compile(r"\b(fmcg|cpg|consumer goods|packaged|snacks?|foods?|beverages?|drinks?|biscuits?|personal care|"
                        r"home care|soaps?|detergents?|toiletries|dairy|confectionery|tea|coffee)\b", re.IGNORECASE)
HARDWARE_WORDS = re.compile(r"\b(hardware|computers?|electronics?|laptops?|peripherals?|devices?|gadgets?|pc|atliq)\b",
                            re.IGNORECASE)


@dataclass(frozen=True)
class ProductLine:
    """What the company makes and sells, to whom, in which currency."""

    what: str
    currency: str
    unit: str
    catalog: tuple[Product, ...]
    accounts: tuple[Account, ...]
    first: tuple[str, ...]
    second: tuple[str, ...]
    divisions: str


HARDWARE = ProductLine("computer hardware", "USD", "unit", HARDWARE_CATALOG, HARDWARE_ACCOUNTS, HARDWARE_FIRST,
                       HARDWARE_SECOND, "P & A, PC or N & S")
FMCG = ProductLine("packaged foods, beverages and home and personal care products", "INR", "case", FMCG_CATALOG,
                   FMCG_ACCOUNTS, FMCG_FIRST, FMCG_SECOND, "Foods, Beverages or Home & Personal Care")


def product_line(text: str) -> ProductLine:
    """Hardware when the text names hardware, FMCG when it names packaged goods, else hardware (AtliQ-style)."""
    if HARDWARE_WORDS.search(text):
        return HARDWARE
    return FMCG if FMCG_WORDS.search(text) else HARDWARE


def accounts(line: ProductLine, ctx: DomainContext) -> list[Account]:
    """The line's accounts with four Indian city distributors named after this seed's cities."""
    region = line.accounts[0][5]
    local = [(f"{c[0]} {'Digital' if line is HARDWARE else 'Trading'} Distributors", "Brick & Mortar", "Distributor", "India",
              "India", region, round(0.08 + 0.02 * i, 2), 0.8) for i, c in enumerate(ctx.cities[:4])]
    return list(line.accounts[:6]) + local + list(line.accounts[6:])
